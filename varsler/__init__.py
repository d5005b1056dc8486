"""E-mail notifications: who is told what when an agreement or a status report is treated.

The workflows (`delaftaler.versioner`, `opfoelgning.behandling`) send the signal
`delaftaler.versioner.haendelser.behandlet` after their transaction commits; this app
listens (`modtagelse`), stores each mail as an `Udsendelse` and then sends it
(`udsendelse`). A mail that fails stays unsent; `manage.py send_paamindelser` sends it
later and reminds of what waits (`paamindelser`). Nothing in the workflows imports this app.
"""
