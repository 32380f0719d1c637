from bosocdata.cli.main import run

run()
