// A top-up to any number of the operator (FL-10: a leader topping up a customer).

import { useI18n } from "../i18n";
import { TopUpForm } from "../components/TopUpForm";

export default function TopUpPage() {
  const { t } = useI18n();
  return (
    <main className="page narrow" data-testid="topup-page">
      <h1>{t("topup.title")}</h1>
      <div className="card">
        <TopUpForm draftKey="topup.any" />
      </div>
    </main>
  );
}
