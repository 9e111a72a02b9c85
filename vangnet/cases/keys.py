"""The source keys of a case's tasks: one handling task per case, one late task per stage, one urgent task."""


def case_task_key(case_id: int) -> str:
    return f"case:{case_id}"


def case_late_task_key(case_id: int, stage: str) -> str:
    return f"case-late:{case_id}:{stage}"[:100]


def case_urgent_task_key(case_id: int) -> str:
    return f"case-urgent:{case_id}"
