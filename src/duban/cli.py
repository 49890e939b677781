"""The `duban` command: parse, assign, draft, serve.

Each subcommand calls the core (or the web app's services) and translates bad input into one
line on stderr and a non-zero exit. A traceback is shown only with DUBAN_DEBUG=1.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from duban.core.errors import DubanError

if TYPE_CHECKING:
    from duban.core.plan import Plan
    from duban.core.suggest import SuggestModel

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 70


def _write_output(data: bytes | str, out: str | None) -> None:
    if out is None or out == "-":
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data if data.endswith("\n") else data + "\n")
        return
    target = Path(out)
    if target.exists() and not target.is_file():
        # a device or pipe (-o /dev/null): write straight to it, never replace it with a file
        with target.open("wb" if isinstance(data, bytes) else "w", encoding=None if isinstance(data, bytes) else "utf-8") as fh:
            fh.write(data if isinstance(data, bytes) or data.endswith("\n") else data + "\n")
        return
    tmp = target.with_name(target.name + ".tmp")
    if isinstance(data, bytes):
        tmp.write_bytes(data)
    else:
        tmp.write_text(data if data.endswith("\n") else data + "\n", encoding="utf-8")
    tmp.replace(target)  # never leave a half-written output where a good one was


def cmd_parse(args: argparse.Namespace) -> int:
    """Read a published plan and write it as duban.plan/1 (or as the familiar table)."""
    from duban.core.parse import parse_file, summary

    plan = parse_file(args.file)
    print(f"{args.file}: {summary(plan)}", file=sys.stderr)
    if args.format == "xlsx":
        from duban.core.export import plan_to_xlsx

        if args.output in (None, "-") and sys.stdout.isatty():
            raise DubanError("xlsx 不能写到终端,请用 -o 指定输出文件")
        _write_output(plan_to_xlsx(plan), args.output)
    else:
        _write_output(plan.to_json(), args.output)
    return 0


def _model(args: argparse.Namespace) -> SuggestModel | None:
    """The suggestion model learned from the plans given with --train (None: $DUBAN_TRAIN or rules)."""
    from duban.core.suggest import load_model

    return load_model(args.train) if args.train else None


def cmd_assign(args: argparse.Namespace) -> int:
    """Suggest lead and cooperating units for each task of a plan."""
    from duban.core.candidates import load_candidates
    from duban.core.plan import Plan
    from duban.core.suggest import assign_plan

    path = Path(args.plan)
    if not path.exists():
        raise DubanError("文件不存在", path=args.plan)
    try:
        plan = Plan.from_json(path.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError) as exc:
        raise DubanError(f"不是有效的 duban.plan/1 文档({exc})", path=args.plan) from exc
    candidates = load_candidates(args.units)
    given = sum(1 for t in plan.tasks if t.lead_units)
    assign_plan(plan, candidates, model=_model(args))
    _write_output(plan.to_json(), args.output)
    print(f"{args.plan}: {_assigned(plan, candidates, given)}", file=sys.stderr)
    return 0


def _assigned(plan: Plan, candidates: list[str], given: int = 0) -> str:
    """What the suggester did, in one line for the office: how many tasks it ranked the candidates
    for, how many leads it chose with too little to go on (待确认), how many leads it kept."""
    ranked = sum(1 for t in plan.tasks if (t.suggestions or {}).get("lead"))
    doubtful = sum(1 for t in plan.tasks if t.lead_unconfirmed)
    line = f"{len(candidates)} 个候选单位;为 {ranked} 项任务排出牵头单位建议"
    line += f",其中 {doubtful} 项把握不足,标为待确认,请核对" if doubtful else ",均有较明确的依据"
    return line + (f";原有牵头单位的 {given} 项保留不变" if given else "")


def cmd_draft(args: argparse.Namespace) -> int:
    """Draft a plan from a government work report, with suggested units."""
    from duban.core.candidates import load_candidates
    from duban.core.draft import draft_file

    candidates = load_candidates(args.units) if args.units else None
    plan = draft_file(args.report, candidates, model=_model(args))
    _write_output(plan.to_json(), args.output)
    if candidates:
        print(f"{args.report}: {_assigned(plan, candidates)}", file=sys.stderr)
    return 0


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"应为正整数,而不是“{text}”")
    return int(text)


def cmd_serve(args: argparse.Namespace) -> int:
    """Run the web application (embedded SQLite unless DATABASE_URL says otherwise)."""
    from duban.web.serve import serve, setup

    setup()
    from duban.web.cycle.scheduler import should_start_thread, start_background

    if should_start_thread():  # reminders (催办) and the daily backup without an extra service in the embedded default
        if args.workers > 1:  # a thread does not survive the fork into the worker processes
            print("多进程运行时不在网页进程中发送催办和定时备份:请另行运行 duban worker", file=sys.stderr)
        else:
            from duban.web.backup import start_daily

            start_background()
            start_daily()
    return serve(host=args.host, port=args.port, demo=args.demo, threads=args.threads, workers=args.workers,
                 migrate=args.migrate)


def cmd_worker(args: argparse.Namespace) -> int:
    """Send due reminders (催办) periodically: the worker for PostgreSQL deployments."""
    import threading

    from duban.web.serve import PendingMigrations, pending_migrations, setup

    setup()
    from django.conf import settings

    from duban.web.cycle.scheduler import loop, run_once

    pending, _fresh = pending_migrations()
    if pending:  # the web server creates or upgrades the database (duban serve [--migrate]), never the worker
        raise DubanError(PendingMigrations(pending).message())

    from duban.web.backup import run_due_backup, start_daily
    from duban.web.serve import settle_evidence

    settle_evidence()
    if args.once:
        print(f"已发送 {run_once()} 条催办")
        made = run_due_backup()
        if made:
            print(f"已写入今天的备份:{made}")
        return 0
    every = float(args.interval or settings.DUBAN_REMINDER_INTERVAL)
    print(f"督办催办进程已启动:每 {every:g} 秒检查一次;每日备份写入 {settings.DUBAN_BACKUP_DIR}"
          f"(保留 {settings.DUBAN_BACKUP_KEEP} 份)(按 Ctrl+C 停止)", flush=True)
    start_daily(delay=0)
    loop(every, threading.Event())
    return 0


LEVELS = {"province": "省级", "city": "市级", "county": "县级", "township": "乡镇"}


def _ask(label: str, default: str = "") -> str:
    shown = f"{label}[{default}]:" if default else f"{label}:"
    return input(shown).strip() or default


def _password(interactive: bool) -> str:
    """Asked twice on a terminal; otherwise the first line of standard input (never an argument:
    it would stay in the shell's history and show in the process list)."""
    if not interactive:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise DubanError("请在标准输入的第一行提供督查室账户的密码(或在终端中运行以交互输入)")
        return line
    import getpass

    first = getpass.getpass("督查室账户密码(至少 8 位,不能全是数字):")
    if getpass.getpass("再次输入密码:") != first:
        raise DubanError("两次输入的密码不一致")
    return first


def cmd_init(args: argparse.Namespace) -> int:
    """The first start: the government, its office's name and the office's first account."""
    from duban.web.serve import PendingMigrations, migrate_database, setup

    setup()
    from duban.web.accounts.firstrun import guess_level, guess_region, initialize, needs_setup
    from duban.web.common.services import ServiceError

    try:
        migrate_database(allowed=False)
    except PendingMigrations as exc:
        raise DubanError(exc.message()) from exc
    if not needs_setup():
        raise DubanError("已经初始化过(数据库中已有政府和账户),不能再次初始化;请用督查室账户登录后在“账户”页面添加账户")
    interactive = sys.stdin.isatty() and not args.username
    name = args.government or (_ask("政府名称(如 示例区人民政府)") if interactive else "")
    if not name:
        raise DubanError("请用 --government 给出政府名称,如 --government 示例区人民政府")
    region = args.region or guess_region(name)
    level = args.level or guess_level(region)
    if not level and interactive:
        choice = _ask("行政级别:1 省级 2 市级 3 县级 4 乡镇", "3")
        level = {"1": "province", "2": "city", "3": "county", "4": "township"}.get(choice, choice)
    if level not in LEVELS:
        raise DubanError(f"请用 --level 给出“{region}”的行政级别:{'、'.join(f'{k}({v})' for k, v in LEVELS.items())}")
    office = args.office_name or (_ask("督查机构名称(如 督查室、督考办)", "督查室") if interactive else "督查室")
    username = args.username or (_ask("督查室账户用户名", "duchashi") if interactive else "")
    display = args.display_name or (_ask("使用人姓名") if interactive else "")
    if not username or not display:
        raise DubanError("请用 --username 和 --display-name 给出督查室账户的用户名和使用人姓名")
    try:
        user = initialize(government_name=name, region=region, level=level, office_name=office, username=username,
                          display_name=display, password=_password(interactive))
    except ServiceError as exc:
        raise DubanError(exc.message) from exc
    gov = user.government
    assert gov is not None
    print(f"已初始化:{gov.name}({gov.region},{LEVELS[gov.level]}),{gov.office_title};"
          f"督查室账户“{user.username}”({user.display_name})。")
    print("下一步:duban serve 启动后用该账户登录,导入单位名录,上传责任分解方案。")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    """Write a consistent backup (database, evidence files, secret key) while the server runs."""
    from duban.web.serve import setup

    setup()
    from django.conf import settings

    from duban.web.backup import make_backup

    path, manifest = make_backup(Path(args.dir) if args.dir else Path(settings.DUBAN_BACKUP_DIR))
    c = manifest["counts"]
    print(f"已备份到 {path}:{c['plans']} 个方案、{c['tasks']} 项任务、{c['reports']} 份报告、"
          f"{manifest['evidence']['files']} 个佐证材料、{c['audit_rows']} 条审计记录")
    return 0


def _when(stamp: str) -> str:
    """A backup's ISO time as staff write it (2026年12月7日 20:43), in the time it was written in."""
    import datetime as dt

    try:
        t = dt.datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return str(stamp)
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M}"


def cmd_restore(args: argparse.Namespace) -> int:
    """Bring a backup back into an empty data directory (and an empty PostgreSQL database)."""
    from duban.web.serve import pending_migrations, setup

    setup()
    from duban.web.backup import restore_backup

    manifest = restore_backup(Path(args.backup))
    c = manifest["counts"]
    print(f"已从 {args.backup} 恢复:{c['plans']} 个方案、{c['tasks']} 项任务、{c['reports']} 份报告、"
          f"{manifest['evidence']['files']} 个佐证材料、{c['audit_rows']} 条审计记录(备份于 {_when(manifest['created_at'])})")
    if manifest.get("secret_key") == "differs":
        print("注意:环境变量 DUBAN_SECRET_KEY 与备份中的密钥不同,恢复前的登录会话将失效", file=sys.stderr)
    pending, _fresh = pending_migrations()
    if pending:
        print(f"备份来自较早的版本:启动时请用 duban serve --migrate 应用 {len(pending)} 个迁移", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="duban", description="督办:政府工作报告任务分解与督办")
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="把已发布的责任分解方案读成 duban.plan/1")
    p.add_argument("file", help="方案文件:.txt .html .docx .xlsx .pdf .ofd,旧版 .doc .wps .xls .et(需 LibreOffice)")
    p.add_argument("-o", "--output", help="输出文件(默认标准输出)")
    p.add_argument("--format", choices=["json", "xlsx"], default="json")
    p.set_defaults(func=cmd_parse)

    a = sub.add_parser("assign", help="为计划中的任务建议牵头单位和责任单位")
    a.add_argument("plan", help="duban.plan/1 JSON 文件")
    a.add_argument("--units", required=True, help="候选单位:文本文件每行一个,或单位名单的 Word、Excel、CSV、PDF、网页")
    a.add_argument("--train", nargs="+", metavar="PLAN", help="已读过的方案(JSON、方案文件或目录),从中学习本地分工习惯")
    a.add_argument("-o", "--output")
    a.set_defaults(func=cmd_assign)

    d = sub.add_parser("draft", help="从政府工作报告起草分解方案")
    d.add_argument("report", help="政府工作报告文件")
    d.add_argument("--units", help="候选单位:文本文件每行一个,或单位名单的 Word、Excel、CSV、PDF、网页")
    d.add_argument("--train", nargs="+", metavar="PLAN", help="已读过的方案(JSON、方案文件或目录),从中学习本地分工习惯")
    d.add_argument("-o", "--output")
    d.set_defaults(func=cmd_draft)

    s = sub.add_parser("serve", help="启动网页应用")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--demo", action="store_true", help="首次启动时导入示例区演示数据")
    s.add_argument("--migrate", action="store_true",
                   help="数据库缺少本版本的迁移时先应用它们(升级后使用;请先 duban backup)")
    s.add_argument("--workers", type=_positive, default=1,
                   help="进程数(默认 1;PostgreSQL 部署可设为 CPU 核数,多进程共用一个端口,仅限 Linux 等 POSIX 系统)")
    s.add_argument("--threads", type=_positive, default=None,
                   help="每个进程的请求线程数(默认:单进程 8,多进程时每个进程 4)")
    s.set_defaults(func=cmd_serve)

    w = sub.add_parser("worker", help="定时发送催办提醒(PostgreSQL 部署时与 serve 分开运行)")
    w.add_argument("--interval", type=float, help="检查间隔(秒),默认 DUBAN_REMINDER_INTERVAL 或 300")
    w.add_argument("--once", action="store_true", help="只检查并发送一次")
    w.set_defaults(func=cmd_worker)

    i = sub.add_parser("init", help="首次启动:本级政府、督查机构名称和督查室的第一个账户(只能运行一次)")
    i.add_argument("--government", help="政府名称,如 示例区人民政府")
    i.add_argument("--region", help="行政区,如 示例区(默认取政府名称去掉“人民政府”)")
    i.add_argument("--level", choices=list(LEVELS), help="行政级别(默认按行政区名称判断:区、县为县级)")
    i.add_argument("--office-name", help="督查机构名称(默认 督查室;如 督考办)")
    i.add_argument("--username", help="督查室账户用户名;给出时不再交互提问,密码从标准输入的第一行读取")
    i.add_argument("--display-name", help="督查室账户使用人姓名")
    i.set_defaults(func=cmd_init)

    b = sub.add_parser("backup", help="备份数据库、佐证材料和密钥(服务运行时也可以)")
    b.add_argument("dir", nargs="?", help="备份写入的目录(默认 DUBAN_BACKUP_DIR,即数据目录下的 backups)")
    b.set_defaults(func=cmd_backup)

    r = sub.add_parser("restore", help="把备份恢复到新的空数据目录(或空的 PostgreSQL 数据库)")
    r.add_argument("backup", help="duban backup 写出的备份目录(duban-backup-…)")
    r.set_defaults(func=cmd_restore)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except DubanError as exc:
        print(f"duban: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug, not bad input: still one line unless asked for more
        if os.environ.get("DUBAN_DEBUG"):
            raise
        print(f"duban: 内部错误 {type(exc).__name__}: {exc}(设置 DUBAN_DEBUG=1 查看详情)", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
