def test_package_imports():
    import worker  # noqa: F401
