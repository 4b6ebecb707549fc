"""The web edition: a static, bilingual site of the dataset and the reports (`twinlib site`)."""
