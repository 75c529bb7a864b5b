"""`make bench`: speed figures as ratios against baselines measured in the same run.

Never timed assertions in tests: these machines are shared and noisy; a ratio against a
baseline measured seconds earlier on the same machine is what can be compared.
"""
