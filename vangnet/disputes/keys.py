"""The source keys of a dispute's tasks: one handling task, one overdue task, each made at most once."""


def dispute_task_key(dispute_id: int) -> str:
    return f"dispute:{dispute_id}"


OVERDUE_PREFIX = "dispute-overdue:"


def dispute_overdue_task_key(dispute_id: int) -> str:
    return f"{OVERDUE_PREFIX}{dispute_id}"
