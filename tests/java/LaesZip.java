// Reads a ZIP the way a Java client streaming it would (java.util.zip.ZipInputStream) and
// prints each member's name and size; exits non-zero if a member cannot be read.
import java.io.FileInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

public class LaesZip {
    public static void main(String[] args) throws Exception {
        try (ZipInputStream zin = new ZipInputStream(new FileInputStream(args[0]))) {
            ZipEntry e;
            byte[] buf = new byte[65536];
            while ((e = zin.getNextEntry()) != null) {
                long n = 0;
                int r;
                while ((r = zin.read(buf)) > 0) n += r;
                System.out.println(e.getName() + "\t" + n);
            }
        }
    }
}
