"""Read an HTML form the way a browser would submit it, so tests can post real pages."""

from html.parser import HTMLParser


class _Formular(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: dict[str, str | list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_multiple = False
        self._option: str | None = None
        self._valgt_option = False
        self._tekst: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        navn = a.get("name")
        if tag == "input" and navn:
            slags = a.get("type", "text")
            if slags in ("checkbox", "radio"):
                if "checked" in a:
                    self._tilfoej(navn, a.get("value", "on"), flere=slags == "checkbox")
            elif slags not in ("submit", "button"):
                self.data[navn] = a.get("value", "")
        elif tag == "textarea" and navn:
            self._textarea, self._tekst = navn, []
        elif tag == "select" and navn:
            self._select, self._select_multiple = navn, "multiple" in a
            if not self._select_multiple:
                self.data.setdefault(navn, "")
        elif tag == "option" and self._select:
            self._option = a.get("value", "")
            if "selected" in a:
                self._tilfoej(self._select, self._option, flere=self._select_multiple)

    def _tilfoej(self, navn: str, vaerdi: str, flere: bool) -> None:
        if flere:
            eksisterende = self.data.setdefault(navn, [])
            assert isinstance(eksisterende, list)
            eksisterende.append(vaerdi)
        else:
            self.data[navn] = vaerdi

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._tekst.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            self.data[self._textarea] = "".join(self._tekst).removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None


def formdata(html: str) -> dict[str, str | list[str]]:
    parser = _Formular()
    parser.feed(html)
    parser.data.pop("csrfmiddlewaretoken", None)
    return parser.data
