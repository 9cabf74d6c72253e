"""report-lint: screen 政府信息公开工作年度报告 for the errors supervising offices check by hand."""

__version__ = "0.1.0"
