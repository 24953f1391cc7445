import { Settings } from "./_components/settings";

export default function SettingsPage() {
  return <Settings />;
}
