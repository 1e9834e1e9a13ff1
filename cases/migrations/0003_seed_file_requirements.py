"""What a complete case file must contain, by case kind: a sensible starting set that the
legal-affairs unit edits in the admin. Conditions are ``cases.choices.FileCondition``."""

from django.db import migrations

REQUIREMENTS = {
    "criminal": [
        ("acceptance_receipt", "has_complainant"),
        ("filing_decision", "filed"),
        ("no_filing_notice", "declined"),
        ("rights_notice", "has_suspect"),
        ("interrogation_record", "has_suspect"),
        ("inquiry_record", "has_victim"),
        ("detention_warrant", "has_detention"),
        ("detention_notice", "has_detention"),
        ("arrest_request", "has_arrest"),
        ("arrest_notice", "has_arrest"),
        ("seizure_list", "has_property"),
        ("prosecution_transfer", "transferred_for_prosecution"),
        ("withdrawal_notice", "withdrawn"),
    ],
    "administrative": [
        ("acceptance_receipt", "has_complainant"),
        ("inquiry_record", ""),
        ("summons_certificate", "has_summons"),
        ("seizure_list", "has_property"),
        ("penalty_decision", "penalty"),
        ("decision_copy_to_victim", "penalty_with_victim"),
    ],
}


def seed(apps, schema_editor):
    FileRequirement = apps.get_model("cases", "FileRequirement")
    for case_kind, rows in REQUIREMENTS.items():
        for document_kind, condition in rows:
            FileRequirement.objects.get_or_create(
                case_kind=case_kind, document_kind=document_kind, condition=condition
            )


def unseed(apps, schema_editor):
    FileRequirement = apps.get_model("cases", "FileRequirement")
    for case_kind, rows in REQUIREMENTS.items():
        for document_kind, condition in rows:
            FileRequirement.objects.filter(
                case_kind=case_kind, document_kind=document_kind, condition=condition
            ).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_ingestion_upload_and_search_indexes")]

    operations = [migrations.RunPython(seed, unseed)]
