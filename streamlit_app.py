"""The app's entry: page config, cached data, language switch, navigation. Nothing else.

Run: ``streamlit run streamlit_app.py`` (or ``make run``). The pages live in ``app_pages/``.
"""

import streamlit as st

from app_pages.common import case_set, catalogue, relabel_widgets
from app_pages.i18n import LANGS, t

st.set_page_config(page_title=t("page_title"), page_icon=":material/balance:", layout="wide")

if "lang" not in st.session_state:
    st.session_state["lang"] = st.query_params.get("lang", "en") if \
        st.query_params.get("lang") in LANGS else "en"
lang = st.sidebar.radio(t("language", st.session_state["lang"]), list(LANGS), key="lang",
                        format_func=LANGS.get, horizontal=True, on_change=relabel_widgets)

catalogue()  # loaded once per process (st.cache_resource)
case_set()

pages = [
    st.Page("app_pages/estimate.py", title=t("nav_estimate", lang), icon=":material/calculate:", default=True),
    st.Page("app_pages/whatif.py", title=t("nav_whatif", lang), icon=":material/alt_route:", url_path="whatif"),
    st.Page("app_pages/cases.py", title=t("nav_cases", lang), icon=":material/gavel:", url_path="cases"),
    st.Page("app_pages/catalogue.py", title=t("nav_catalogue", lang), icon=":material/menu_book:",
            url_path="catalogue"),
    st.Page("app_pages/method.py", title=t("nav_method", lang), icon=":material/info:", url_path="method"),
]
st.sidebar.caption(t("disclaimer", lang))
st.navigation(pages).run()
