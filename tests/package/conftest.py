from hypothesis import settings

# No time limit per example: the machines that run the course are shared and noisy,
# and timing is never what these tests check.
settings.register_profile("course", deadline=None, max_examples=300)
settings.load_profile("course")
