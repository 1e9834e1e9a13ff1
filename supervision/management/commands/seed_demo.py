import time

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from supervision.demo import DEMO_PASSWORD
from supervision.models import Unit


class Command(BaseCommand):
    help = (
        "Seed the demo city: units, officers and logins, then each app's demo data (execution elements, "
        "warnings, disputes, reports). --scale small takes seconds; --scale city builds a large city's year."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["small", "city"], default="small")
        parser.add_argument("--if-empty", action="store_true", help="do nothing when the database has units")

    def handle(self, *args, scale: str, if_empty: bool, **options):
        if Unit.objects.exists():
            if if_empty:
                self.stdout.write("demo data already present; nothing to do")
                return
            raise CommandError(
                "The database already has units. Seed into an empty database (or use --if-empty)."
            )
        logins = []
        # App configs come in INSTALLED_APPS order, which is our dependency order.
        for config in apps.get_app_configs():
            seeder = getattr(config, "seed_demo", None)
            if seeder is None:
                continue
            started = time.monotonic()
            self.stdout.write(f"seeding {config.label} ({scale}) …")
            result = seeder(scale=scale, stdout=self.stdout)
            if config.label == "supervision":
                logins = result
            self.stdout.write(f"  {config.label} done in {time.monotonic() - started:.1f}s")
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {DEMO_PASSWORD}):"))
        for login in logins:
            self.stdout.write(f"  {login.username:<18} {login.role:<12} {login.unit:<14} {login.note}")
