"""An image is part of its agreement: saving or deleting one is an edit of the agreement.

The edit counter moves (so the document cache key, the editors' conflict check and the
board's check of a submission see it), and a deleted image's own file goes with it once
the deletion has committed. The checksum-named copy stays: a version may refer to it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from billeder.models import FROSNE, Billede
from delaftaler.models import Aftale
from delaftaler.signaler import tael_op


def _gemt(sender: Any, instance: Billede, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        tael_op(Aftale.objects.filter(pk=instance.aftale_id))


def _slettet(sender: Any, instance: Billede, **kwargs: Any) -> None:
    tael_op(Aftale.objects.filter(pk=instance.aftale_id))
    fil, navn = instance.fil.storage, instance.fil.name
    if navn and not navn.startswith(FROSNE):  # an imported image uses the frozen copy
        transaction.on_commit(lambda: fil.delete(navn))


def forbind() -> None:
    post_save.connect(_gemt, sender=Billede, dispatch_uid="billede_gemt")
    post_delete.connect(_slettet, sender=Billede, dispatch_uid="billede_slettet")
