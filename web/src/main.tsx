import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import "./styles.css";
import { App } from "./App";
import { I18nProvider } from "./i18n";
import { loadOperator } from "./operator";
import { SessionProvider } from "./session";

void loadOperator().then((op) => {
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <I18nProvider op={op}>
        <SessionProvider>
          <App />
        </SessionProvider>
      </I18nProvider>
    </StrictMode>,
  );
});
