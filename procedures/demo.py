"""The demo procedures register: the shipped CSV, imported with the admin's importer and published."""

from pathlib import Path

from procedures.importer import ProcedureImporter, read_rows
from procedures.models import ProcedureIndexPage

DEMO_FILE = Path(__file__).resolve().parent / "data" / "demo-procedures.csv"


def load_demo(home):
    """Create the register under ``home`` if needed and import the demo file; return (created, message)."""
    register = ProcedureIndexPage.objects.child_of(home).first()
    created = 0
    if register is None:
        register = ProcedureIndexPage(
            title="Thủ tục hành chính",
            slug="thu-tuc-hanh-chinh",
            intro=(
                "<p>Thủ tục hành chính thuộc thẩm quyền giải quyết của Sở, theo lĩnh vực. Mã thủ tục và "
                "đường dẫn trong nội dung mẫu chỉ để minh họa.</p>"
            ),
            locale=home.locale,
        )
        home.add_child(instance=register)
        register.save_revision().publish()
        created += 1
    with DEMO_FILE.open(encoding="utf-8-sig", newline="") as handle:
        report = ProcedureImporter(register, publish=True).run(read_rows(handle))
    created += report.created
    message = (
        f"Administrative procedures: {report.created} created, {report.updated} updated, "
        f"{report.unchanged} unchanged, {len(report.rejected)} rows rejected."
    )
    return created, message
