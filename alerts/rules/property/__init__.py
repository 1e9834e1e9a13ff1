"""涉案财物 (property): CW risk points, one module each."""
