"""The Streamlit app's pages (imported only by app.py: the library never loads streamlit)."""
