"""Framework-free algorithms: dataclass and array inputs and outputs, no Django import."""
