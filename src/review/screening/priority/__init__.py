"""Prioritised screening: each reviewer's own ranking, when to retrain, and when it is safe to stop.

`features` and `model` need scikit-learn (the optional extra `review[ranking]`) and load it
on import; `schedule` and `stopping` do not.
"""
