import { type Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "~/app/_components/auth-card";
import { LanguageSwitch } from "~/app/_components/language-switch";
import { button } from "~/app/_components/styles";
import { dictionaries } from "~/app/_i18n/dictionaries";
import { currentLocale, LOCALE_COOKIE } from "~/app/_i18n/server";
import { getSessionUser } from "~/server/auth/session";
import { SignUpForm } from "./sign-up-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = dictionaries[await currentLocale()];
  return { title: `${t.auth.signUp} · Recall` };
}

export default async function SignUpPage() {
  if (await getSessionUser()) redirect("/");
  const t = dictionaries[await currentLocale()];
  return (
    <AuthCard
      title={t.auth.signUpTitle}
      tagline={t.auth.tagline}
      languageSwitch={<LanguageSwitch cookieName={LOCALE_COOKIE} />}
      footer={
        <>
          {t.auth.haveAccount}{" "}
          <Link href="/sign-in" className={button.link}>
            {t.auth.signIn}
          </Link>
        </>
      }
    >
      <SignUpForm />
    </AuthCard>
  );
}
