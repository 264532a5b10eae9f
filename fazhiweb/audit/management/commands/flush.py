"""`flush` empties every table, the append-only audit log included: the audit triggers are dropped
for it and recreated in the same transaction (tests' database resets use this command too)."""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections, transaction

from fazhiweb.audit import chain


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options["database"]]
        with transaction.atomic(using=connection.alias):
            chain.drop_triggers(connection)
            try:
                return super().handle(**options)
            finally:
                chain.create_triggers(connection)
