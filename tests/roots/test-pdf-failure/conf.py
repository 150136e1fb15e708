extensions = ["chmdocs"]
language = "en"
# A style sheet rst2pdf accepts but cannot lay out with: it fails mid-way
# and leaves an empty file, which chmdocs must report.
pdf_stylesheets = ["chmdocs", "broken"]
pdf_style_path = ["."]
