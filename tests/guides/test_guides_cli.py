def test_the_size_choices_are_the_renderers_sizes():
    import argparse

    from homesupport.cli import guides
    from homesupport.pdf.styles import SIZES

    parser = argparse.ArgumentParser()
    guides.register(parser.add_subparsers())
    pdf = parser._subparsers._group_actions[0].choices["guides"]._subparsers._group_actions[0]
    size = next(a for a in pdf.choices["pdf"]._actions if a.dest == "size")
    assert tuple(size.choices) == tuple(SIZES)
