"""schema.org data as JSON-LD that is safe inside a ``<script>`` element."""

import json


def json_for_script(data):
    """JSON whose ``<``, ``>`` and ``&`` are escaped, so no text can close the script element."""
    return (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
