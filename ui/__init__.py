"""Browser front end (Gradio): presentation only; all logic lives in `rag`."""
