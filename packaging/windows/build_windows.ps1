# Builds dist\HomeSupport (PyInstaller) and dist\HomeSupport-<version>.msi (wixl) on Windows.
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build_windows.ps1
# Needs: py -3.11 -m venv .venv; .venv\Scripts\pip install -e ".[dev]"; and wixl from MSYS2's
# msitools (pacman -S mingw-w64-ucrt-x86_64-msitools), or set WIXL to its path.
# The same steps run on Linux under Wine in packaging/windows/test_under_wine.sh, which CI runs
# and which also installs, starts and uninstalls what it built.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
$Python = if ($env:PYTHON) { $env:PYTHON } else { ".venv\Scripts\python.exe" }
$Wixl = if ($env:WIXL) { $env:WIXL } else { "C:\msys64\ucrt64\bin\wixl.exe" }

# The version has one source, pyproject.toml; build_msi.py reads it there too.
$Version = & $Python packaging\buildinfo.py version

foreach ($lang in "fi", "sv", "en") {
  & $Python -m babel.messages.frontend compile -d resources\locale -D homesupport -l $lang
  if ($LASTEXITCODE) { throw "compiling the $lang catalogue failed" }
}
& $Python -m PyInstaller --noconfirm --clean --log-level WARN `
  --distpath dist --workpath build\pyinstaller packaging\homesupport.spec
if ($LASTEXITCODE) { throw "PyInstaller failed" }
& dist\HomeSupport\homesupport-cli.exe self-check
if ($LASTEXITCODE) { throw "the bundle's self-check failed" }
& $Python packaging\windows\build_msi.py dist\HomeSupport "dist\HomeSupport-$Version.msi" --wixl $Wixl
if ($LASTEXITCODE) { throw "building the MSI failed" }
Write-Output "built dist\HomeSupport-$Version.msi"
