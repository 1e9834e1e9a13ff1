"""卷宗 (case files and documents): JZ risk points, one module each."""
