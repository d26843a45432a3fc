"""Remove Empty Rows: copies every CSV file of a folder without the rows that have an empty cell.

Component `remove_empty_rows` (version 1) of the Designer lab; registered by dp100-labs.
"""
import argparse
from pathlib import Path

import pandas as pd

parser = argparse.ArgumentParser("remove_empty_rows")
parser.add_argument("--input_data", type=str, required=True, help="Folder of CSV files")
parser.add_argument("--output_data", type=str, required=True, help="Folder for the cleaned files")
args = parser.parse_args()

out = Path(args.output_data)
out.mkdir(parents=True, exist_ok=True)
for file in sorted(Path(args.input_data).glob("*.csv")):
    df = pd.read_csv(file)
    cleaned = df.dropna()
    print(f"{file.name}: {len(df)} rows, {len(df) - len(cleaned)} with an empty cell removed")
    cleaned.to_csv(out / file.name, index=False)
