"""人员 (persons and coercive measures): RY risk points, one module each."""
