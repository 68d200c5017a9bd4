"""Budget models: none yet. The budget issue adds cost lines, financing and volunteer hours."""
