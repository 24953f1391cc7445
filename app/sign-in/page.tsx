import { type Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "~/app/_components/auth-card";
import { LanguageSwitch } from "~/app/_components/language-switch";
import { button } from "~/app/_components/styles";
import { dictionaries } from "~/app/_i18n/dictionaries";
import { currentLocale, LOCALE_COOKIE } from "~/app/_i18n/server";
import { getSessionUser } from "~/server/auth/session";
import { SignInForm } from "./sign-in-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = dictionaries[await currentLocale()];
  return { title: `${t.auth.signIn} · Recall` };
}

export default async function SignInPage() {
  if (await getSessionUser()) redirect("/");
  const t = dictionaries[await currentLocale()];
  return (
    <AuthCard
      title={t.auth.signInTitle}
      tagline={t.auth.tagline}
      languageSwitch={<LanguageSwitch cookieName={LOCALE_COOKIE} />}
      footer={
        <>
          {t.auth.noAccount}{" "}
          <Link href="/sign-up" className={button.link}>
            {t.auth.signUp}
          </Link>
        </>
      }
    >
      <SignInForm />
    </AuthCard>
  );
}
