"""The HTML report as a person sees it: self-contained, and rendered by headless Chromium with
no errors and content in every chart. The screenshot is kept beside the test log."""
import json
import os
import re
import shutil
import subprocess

import pytest

FIGURES = ["rfm-segments-size", "rfm-segments-revenue", "lifecycle-size", "lifecycle-revenue", "rfm-count",
           "rfm-revenue", "cluster-scatter", "elbow", "silhouette", "stability"]

# Collects errors from the first moment, then measures every chart once the page has loaded.
CHECKER = """<script>
window.__errors = [];
addEventListener('error', e => __errors.push(String(e.message || ('failed to load ' + (e.target.src || e.target.href)))), true);
const __consoleError = console.error;
console.error = (...a) => { __errors.push(a.join(' ')); __consoleError(...a); };
addEventListener('load', () => {
  const charts = [...document.querySelectorAll('figure.chart')].map(f => {
    const svg = f.querySelector('svg');
    const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
    const marks = [...f.querySelectorAll('.mark')].map(m => m.getBBox()).filter(b => b.width + b.height > 0);
    return {id: f.id, width: box.width, height: box.height, marks: marks.length,
            text: svg ? svg.querySelectorAll('text').length : 0};
  });
  const pre = document.createElement('pre');
  pre.id = '__check';
  pre.textContent = JSON.stringify({errors: __errors, charts});
  document.body.appendChild(pre);
});
</script>"""


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


@pytest.fixture(scope="module")
def report(sample_run):
    out, _ = sample_run
    return (out / "report.html").read_text()


def test_report_is_self_contained(report):
    assert report.startswith("<!DOCTYPE html>")
    assert "<script" not in report
    assert not re.search(r'(src|href)\s*=\s*"(https?:)?//', report), "external reference"
    assert "@import" not in report and "url(" not in report
    for fig in FIGURES:
        assert f'id="{fig}"' in report, fig
    for section in ("Data quality", "Segments", "RFM grid", "Clusters", "Segment profiles (personas)", "Stability"):
        assert section in report


def test_report_renders_in_headless_chromium(report, tmp_path):
    browser = chromium()
    if not browser:
        pytest.skip("Chromium is not installed (apt-get install chromium): the report was not rendered")
    page = tmp_path / "report.html"
    page.write_text(report.replace("<head>", "<head>\n" + CHECKER, 1))
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([browser, *flags, "--virtual-time-budget=5000", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120)
    m = re.search(r'<pre id="__check">(.*?)</pre>', dom.stdout, re.S)
    assert m, "the page did not finish loading: " + dom.stderr[-2000:]
    check = json.loads(m.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
    assert check["errors"] == []
    charts = {c["id"]: c for c in check["charts"]}
    assert set(FIGURES) <= set(charts)
    for c in check["charts"]:
        assert c["width"] > 100 and c["height"] > 100, c
        assert c["marks"] > 0 and c["text"] > 2, c
    assert charts["rfm-count"]["marks"] == 25
    assert charts["cluster-scatter"]["marks"] >= 2

    shot_dir = os.environ.get("SEGCORE_ARTIFACTS", str(tmp_path))
    shot = os.path.join(shot_dir, "report.png")
    subprocess.run([browser, *flags, "--window-size=1400,5200", f"--screenshot={shot}", (tmp_path / "report.html").as_uri()],
                   capture_output=True, timeout=120)
    assert os.path.getsize(shot) > 50_000
