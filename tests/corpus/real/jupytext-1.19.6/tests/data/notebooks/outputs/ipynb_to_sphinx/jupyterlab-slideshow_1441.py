# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

"""
> **Note**
> 
> `slide` layer with a `top` of `30%`
"""
