"""The pages and actions: each view fetches through the user's helhedsplaner (views.adgang),
validates, calls a model or one service, and renders or redirects."""
