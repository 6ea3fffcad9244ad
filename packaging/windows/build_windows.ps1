# Builds dist\HomeSupport (PyInstaller) and dist\HomeSupport-<version>-setup.exe (Inno Setup 6).
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build_windows.ps1
# Needs: py -3.11 -m venv .venv; .venv\Scripts\pip install -e ".[dev]"; Inno Setup 6 (ISCC.exe).
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
$Python = if ($env:PYTHON) { $env:PYTHON } else { ".venv\Scripts\python.exe" }
$Iscc = if ($env:ISCC) { $env:ISCC } else { "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }

# The version has one source, pyproject.toml; the installer gets it on the command line.
$Version = & $Python packaging\buildinfo.py version
$WinVersion = & $Python packaging\buildinfo.py windows-version

$Babel = Join-Path (Split-Path $Python) "pybabel.exe"
foreach ($lang in "fi", "sv", "en") {
  & $Babel compile -d resources\locale -D homesupport -l $lang
  if ($LASTEXITCODE) { throw "compiling the $lang catalogue failed" }
}
& $Python -m PyInstaller --noconfirm --clean --log-level WARN `
  --distpath dist --workpath build\pyinstaller packaging\homesupport.spec
if ($LASTEXITCODE) { throw "PyInstaller failed" }
& dist\HomeSupport\homesupport-cli.exe self-check
if ($LASTEXITCODE) { throw "the bundle's self-check failed" }
& $Iscc "/DAppVersion=$Version" "/DWinVersion=$WinVersion" packaging\windows\homesupport.iss
if ($LASTEXITCODE) { throw "Inno Setup failed" }
Write-Output "built dist\HomeSupport-$Version-setup.exe"
