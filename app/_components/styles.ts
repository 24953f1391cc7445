/** Shared Tailwind class lists, so buttons and fields look the same everywhere. */
const focus = "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600";

export const button = {
  primary: `inline-flex items-center justify-center gap-2 rounded-lg bg-blue-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-blue-700 disabled:cursor-not-allowed disabled:opacity-60 ${focus}`,
  secondary: `inline-flex items-center justify-center gap-2 rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-60 ${focus}`,
  danger: `inline-flex items-center justify-center gap-2 rounded-lg bg-red-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-red-700 disabled:cursor-not-allowed disabled:opacity-60 ${focus}`,
  ghost: `inline-flex items-center justify-center gap-1 rounded-lg px-2 py-1.5 text-sm text-slate-700 hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-60 ${focus}`,
  icon: `inline-flex h-9 w-9 items-center justify-center rounded-full text-slate-600 hover:bg-slate-100 hover:text-slate-900 ${focus}`,
  link: `font-medium text-blue-700 underline-offset-2 hover:underline ${focus}`,
};

export const field = {
  label: "block text-sm font-medium text-slate-700",
  input: `mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 placeholder:text-slate-400 focus:border-blue-500 ${focus} aria-[invalid=true]:border-red-500 sm:text-sm`,
  error: "mt-1 text-sm text-red-700",
  hint: "mt-1 text-xs text-slate-500",
};
