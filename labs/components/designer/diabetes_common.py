"""What the Designer lab's components share: the diabetes columns, reading a folder of CSV files,
and scoring and saving a trained classifier (Accuracy and AUC logged with MLflow, model.sav).

Part of the code folder of the components registered by dp100-labs; imported by the scripts next
to it (the folder is the job's working directory).
"""
import pickle
from pathlib import Path

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
LABEL = "Diabetic"


def read_folder(folder):
    """Every CSV file of `folder`, in name order, as one DataFrame."""
    import pandas as pd

    files = sorted(Path(folder).glob("*.csv"))
    if not files:
        raise SystemExit(f"{folder}: no CSV file found")
    return pd.concat((pd.read_csv(f) for f in files), ignore_index=True)


def train_and_save(model, training_data, model_output):
    """Fits `model` on 70 % of the data, logs Accuracy and AUC on the rest, saves model.sav."""
    import mlflow
    from sklearn.metrics import accuracy_score, roc_auc_score
    from sklearn.model_selection import train_test_split

    df = read_folder(training_data)
    X_train, X_test, y_train, y_test = train_test_split(
        df[FEATURES].values, df[LABEL].values, test_size=0.30, random_state=0
    )
    model.fit(X_train, y_train)
    accuracy = accuracy_score(y_test, model.predict(X_test))
    auc = roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])
    print(f"Accuracy: {accuracy}\nAUC: {auc}")
    mlflow.log_metric("Accuracy", float(accuracy))
    mlflow.log_metric("AUC", float(auc))
    out = Path(model_output)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "model.sav", "wb") as f:
        pickle.dump(model, f)
