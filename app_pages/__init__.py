"""The app's pages (run by ``streamlit_app.py`` through ``st.navigation``) and their shared helpers."""
