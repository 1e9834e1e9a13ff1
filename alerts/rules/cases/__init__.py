"""案件 (cases): AJ risk points, one module each."""
