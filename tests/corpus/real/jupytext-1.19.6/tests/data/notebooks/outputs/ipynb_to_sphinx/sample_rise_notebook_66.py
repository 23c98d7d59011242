# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

"""
A markdown cell
"""

1+1

###############################################################################
# Markdown cell two
