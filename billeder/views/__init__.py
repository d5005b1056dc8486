"""The image page of an agreement and the images themselves, through the plan's membership."""
