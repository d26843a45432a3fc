"""Normalize Numerical Columns: scales the diabetes features to 0-1 (min-max), label untouched.

Component `normalize_data` (version 1) of the Designer lab; registered by dp100-labs.
"""
import argparse
from pathlib import Path

from diabetes_common import FEATURES, read_folder
from sklearn.preprocessing import MinMaxScaler

parser = argparse.ArgumentParser("normalize_data")
parser.add_argument("--input_data", type=str, required=True, help="Folder of CSV files")
parser.add_argument("--output_data", type=str, required=True, help="Folder for the scaled file")
args = parser.parse_args()

df = read_folder(args.input_data)
df[FEATURES] = MinMaxScaler().fit_transform(df[FEATURES])
out = Path(args.output_data)
out.mkdir(parents=True, exist_ok=True)
df.to_csv(out / "normalized-data.csv", index=False)
print(f"{len(df)} rows normalized")
