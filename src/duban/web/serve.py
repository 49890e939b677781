"""`duban serve`: migrate, optionally load the 示例区 demo, and serve with waitress."""

from __future__ import annotations

import os
import sys


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.web.project.settings")
    import django

    django.setup()


def serve(host: str = "127.0.0.1", port: int = 8000, demo: bool = False, threads: int = 8) -> int:
    setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    if demo:
        from duban.web.demo.loader import load_demo

        for line in load_demo():
            print(line)
    from waitress import serve as waitress_serve

    from duban.web.project.wsgi import application

    db = settings.DATABASES["default"]
    where = db["NAME"] if "sqlite" in db["ENGINE"] else f"PostgreSQL {db['HOST']}:{db['PORT']}/{db['NAME']}"
    print(f"督办已启动:http://{host}:{port}/  (数据库:{where};按 Ctrl+C 停止)", flush=True)
    sys.stdout.flush()
    waitress_serve(application, host=host, port=port, threads=threads, ident="duban", _quiet=True)
    return 0
