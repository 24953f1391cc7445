/**
 * Every user-visible string, in English and Simplified Chinese. Components read them through
 * `useT()`; parameters are functions so both languages can order words their own way.
 * `zh` must have exactly the shape of `en` (checked by the type).
 */
const en = {
  app: { name: "Recall", loading: "Loading…", retry: "Try again", error: "Something went wrong." },
  auth: {
    signIn: "Sign in",
    signUp: "Create account",
    signOut: "Sign out",
    email: "Email",
    password: "Password",
    name: "Name",
    invalid: "Wrong email or password.",
    noAccount: "No account yet?",
    haveAccount: "Already have an account?",
  },
};

export type Dictionary = typeof en;

const zh: Dictionary = {
  app: { name: "Recall", loading: "加载中…", retry: "重试", error: "出错了。" },
  auth: {
    signIn: "登录",
    signUp: "注册",
    signOut: "退出登录",
    email: "邮箱",
    password: "密码",
    name: "名字",
    invalid: "邮箱或密码错误。",
    noAccount: "还没有账号？",
    haveAccount: "已有账号？",
  },
};

export const dictionaries = { en, zh } as const;
