"""Chinese names for rows, columns and cells in messages (the model catalogue's titles, looked up by pointer)."""

from __future__ import annotations

from checker.model import (APPLICANT_COLUMN_TITLES, APPLICATION_GROUP_TITLES, APPLICATION_ROWS,
                           DISCLOSURE_COLUMN_TITLES, DISCLOSURE_ROWS, REVIEW_COLUMN_TITLES, REVIEW_GROUP_TITLES,
                           TEMPLATES, describe_pointer)

def row_title(pointer: str) -> str:
    """「（一）予以公开」, 「（三）不予公开 1.属于国家秘密」, 「行政复议」, 「行政许可」."""
    parts = tuple(pointer.strip("/").split("/"))
    table, path = parts[0], parts[1:]
    if table == "applications":
        for template in TEMPLATES:
            for row_path, title in APPLICATION_ROWS[template]:
                if row_path == path:
                    group = APPLICATION_GROUP_TITLES.get(path[:-1])
                    if group and group != "三、本年度办理结果" and title[0].isdigit():
                        return f"{group} {title}"
                    return title
        if path == ("results", "other"):
            return APPLICATION_GROUP_TITLES[path]
    if table == "review_litigation" and len(path) == 1:
        return REVIEW_GROUP_TITLES.get(path[0], path[0])
    if table == "active_disclosure" and len(path) == 1:
        for template in TEMPLATES:
            for row in DISCLOSURE_ROWS[template]:
                if row.key == path[0]:
                    return row.title
    return "/".join(path)


def column_title(table: str, column: str) -> str:
    if table == "applications":
        return APPLICANT_COLUMN_TITLES.get(column, column)
    if table == "review_litigation":
        return REVIEW_COLUMN_TITLES.get(column, column)
    for template in TEMPLATES:
        if column in DISCLOSURE_COLUMN_TITLES[template]:
            return DISCLOSURE_COLUMN_TITLES[template][column]
    return column


def describe_cell(pointer: str) -> str:
    """表三「（七）总计」行「自然人」列 (the model's wording), for every cell including 2019's single （六） row."""
    parts = pointer.strip("/").split("/")
    if parts[0] == "applications" and tuple(parts[1:-1]) == ("results", "other"):
        return f"表三「（六）其他处理」行「{APPLICANT_COLUMN_TITLES.get(parts[-1], parts[-1])}」列"
    return describe_pointer(pointer)
