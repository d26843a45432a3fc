"""Train a Decision Tree Classifier Model on the diabetes data; logs Accuracy and AUC with MLflow.

Component `train_decision_tree_classifier_model` (version 1) of the Designer lab; registered by
dp100-labs.
"""
import argparse
import pickle
from pathlib import Path

import mlflow
import pandas as pd
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier

FEATURES = [
    "Pregnancies",
    "PlasmaGlucose",
    "DiastolicBloodPressure",
    "TricepsThickness",
    "SerumInsulin",
    "BMI",
    "DiabetesPedigree",
    "Age",
]

parser = argparse.ArgumentParser("train_decision_tree_classifier_model")
parser.add_argument("--training_data", type=str, required=True, help="Folder of CSV files")
parser.add_argument("--model_output", type=str, required=True, help="Folder for model.sav")
args = parser.parse_args()

df = pd.concat(pd.read_csv(f) for f in sorted(Path(args.training_data).glob("*.csv")))
X_train, X_test, y_train, y_test = train_test_split(
    df[FEATURES].values, df["Diabetic"].values, test_size=0.30, random_state=0
)
model = DecisionTreeClassifier(random_state=0).fit(X_train, y_train)

accuracy = accuracy_score(y_test, model.predict(X_test))
auc = roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])
print(f"Accuracy: {accuracy}\nAUC: {auc}")
mlflow.log_metric("Accuracy", float(accuracy))
mlflow.log_metric("AUC", float(auc))

out = Path(args.model_output)
out.mkdir(parents=True, exist_ok=True)
with open(out / "model.sav", "wb") as f:
    pickle.dump(model, f)
