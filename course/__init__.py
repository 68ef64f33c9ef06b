"""The course's own machinery, run by ``make``: slides, the pre-class check, the
learner's workspace, and the lesson discovery that the website's build shares.

Not part of the installed ``chapter3`` package (which is what learners import and
read); these modules work from a checkout of the course, from its root folder.
"""
