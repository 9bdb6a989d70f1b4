import { Layout } from "../../layout";
import { usePortal } from "../../portal-context";

/**
 * Accessibility statement (product.md: none of the reference portals has one).
 * Public, so that anyone can read it before signing in.
 */
export function AccessibilityPage() {
  const { tenant } = usePortal();
  return (
    <Layout title="Accessibility">
      <h1>Accessibility statement</h1>
      <p>
        This billing portal for {tenant.name} is built to be usable by everyone, including people who use a screen reader, a keyboard only, voice control, zoom
        or high-contrast settings.
      </p>

      <h2>Our target</h2>
      <p>
        We aim to meet the <a href="https://www.w3.org/TR/WCAG22/">Web Content Accessibility Guidelines (WCAG) 2.2</a> at level AA. In practice this means:
      </p>
      <ul>
        <li>every page works without JavaScript, and with the keyboard alone, with a visible focus indicator;</li>
        <li>a "Skip to content" link at the top of every page;</li>
        <li>text and controls have a contrast of at least 4.5:1, whatever brand colour the merchant chooses;</li>
        <li>status is never shown by colour alone: each status also has a text label;</li>
        <li>form errors are announced and tied to the field they concern;</li>
        <li>tables have header cells, and pages reflow on a narrow screen or at 400% zoom.</li>
      </ul>

      <h2>How we check</h2>
      <p>
        Every change is tested automatically with the axe-core accessibility engine in a real browser, and key pages are reviewed by hand with the keyboard and
        a screen reader.
      </p>

      <h2>Known limitations</h2>
      <p>
        PDF copies of invoices, estimates and receipts are not yet tagged for screen readers. The same information is always available as a web page in this
        portal.
      </p>

      <h2>Report a problem</h2>
      <p>
        If something in this portal is hard or impossible for you to use, please tell {tenant.name}, who runs this portal for its customers: reply to any email
        you received from them, or contact them the way you usually do. Say which page you were on, what you tried to do and which browser or assistive
        technology you use. We will make the content available to you in another way while the problem is fixed.
      </p>
    </Layout>
  );
}
