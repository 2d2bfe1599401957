"""Types the API's parameters and bodies share."""

from typing import Annotated

from pydantic import Field

# A database id: the schema says its range, so a number no row can have is refused (422) by name
# before it reaches the database.
Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
