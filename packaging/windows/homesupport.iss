; Inno Setup 6 script for HomeSupport. Build with packaging\windows\build_windows.ps1, which
; builds dist\HomeSupport with PyInstaller and runs:
;   ISCC.exe /DAppVersion=0.1.0 /DWinVersion=0.1.0.0 packaging\windows\homesupport.iss
; The version comes from pyproject.toml only; this script refuses to build without it.
;
; Installing (the installer asks, or choose on the command line):
;   per user (default, no administrator rights):  HomeSupport-0.1.0-setup.exe /CURRENTUSER
;   per machine (Program Files, all users):       HomeSupport-0.1.0-setup.exe /ALLUSERS
;   silent mass deployment:  ... /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /ALLUSERS
;                                /CONFIG="\\server\share\homesupport\config.toml"
; /CONFIG= copies an administrator configuration file to C:\ProgramData\HomeSupport\config.toml
; (needs /ALLUSERS). Uninstalling keeps the user's data unless the user says otherwise, or
; unins000.exe /PURGEDATA is given (deletes the data of the user running the uninstaller).

#ifndef AppVersion
  #error Pass the version from pyproject.toml: ISCC /DAppVersion=X.Y.Z /DWinVersion=X.Y.Z.0
#endif
#ifndef WinVersion
  #define WinVersion AppVersion + ".0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\HomeSupport"
#endif
#define AppName "HomeSupport"
#define AppExe "HomeSupport.exe"
#define CliExe "homesupport-cli.exe"
#define UrlScheme "homesupport"

[Setup]
; AppId identifies the installation for upgrades and uninstall: never change it.
AppId={{6F1E2B7A-3C4D-4E8F-9A0B-1C2D3E4F5A6B}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=HomeSupport developers
VersionInfoVersion={#WinVersion}
VersionInfoProductVersion={#WinVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user install by default; administrators choose per-machine in the dialog or with /ALLUSERS.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\app\homesupport.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
LicenseFile=..\..\LICENSE
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
CloseApplications=yes
ChangesAssociations=yes

[Languages]
Name: "finnish"; MessagesFile: "compiler:Languages\Finnish.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
english.PurgeData=Also delete your HomeSupport data (sessions, clients, guides and backups) from this computer?%n%nThis cannot be undone. Choose No to keep the data for a later installation.
finnish.PurgeData=Poistetaanko myös HomeSupportin tiedot (käynnit, asiakkaat, ohjeet ja varmuuskopiot) tältä tietokoneelta?%n%nPoistoa ei voi perua. Valitse Ei, jos haluat säilyttää tiedot myöhempää asennusta varten.
english.ConfigNeedsAllUsers=/CONFIG= installs a configuration for every user of this computer: install with /ALLUSERS.
finnish.ConfigNeedsAllUsers=/CONFIG= asentaa asetukset kaikille tämän tietokoneen käyttäjille: asenna valitsimella /ALLUSERS.
english.ConfigMissing=The configuration file given with /CONFIG= does not exist:
finnish.ConfigMissing=Valitsimella /CONFIG= annettua asetustiedostoa ei ole:
english.DesktopIcon=Create a desktop shortcut
finnish.DesktopIcon=Luo pikakuvake työpöydälle

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\{#AppExe}"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BundleDir}\{#CliExe}"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BundleDir}\_internal\*"; DestDir: "{app}\_internal"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\..\LICENSE"; DestDir: "{app}"; DestName: "LICENSE.txt"; Flags: ignoreversion
Source: "..\config.example.toml"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
; homesupport://enrol?server=...&code=... links from the coordinator's e-mail open the app.
; HKA is HKLM\Software\Classes for a per-machine install and HKCU\Software\Classes per user.
Root: HKA; Subkey: "Software\Classes\{#UrlScheme}"; ValueType: string; ValueName: ""; ValueData: "URL:HomeSupport enrolment link"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#UrlScheme}"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""
Root: HKA; Subkey: "Software\Classes\{#UrlScheme}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"",0"
Root: HKA; Subkey: "Software\Classes\{#UrlScheme}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
function ConfigSource(): String;
begin
  Result := ExpandConstant('{param:CONFIG|}');
end;

function InitializeSetup(): Boolean;
begin
  Result := True;
  if ConfigSource() <> '' then
  begin
    if not IsAdminInstallMode() then
    begin
      SuppressibleMsgBox(CustomMessage('ConfigNeedsAllUsers'), mbError, MB_OK, IDOK);
      Result := False;
    end
    else if not FileExists(ConfigSource()) then
    begin
      SuppressibleMsgBox(CustomMessage('ConfigMissing') + #13#10 + ConfigSource(), mbError, MB_OK, IDOK);
      Result := False;
    end;
  end;
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  Target: String;
begin
  { The machine-wide configuration, where the app looks for it (platformdirs' site config dir). }
  if (CurStep = ssPostInstall) and (ConfigSource() <> '') then
  begin
    Target := ExpandConstant('{commonappdata}\{#AppName}');
    ForceDirectories(Target);
    if not FileCopy(ConfigSource(), Target + '\config.toml', False) then
      Log('Could not copy the configuration to ' + Target);
  end;
end;

function PurgeRequested(): Boolean;
var
  I: Integer;
begin
  Result := False;
  for I := 1 to ParamCount() do
    if CompareText(ParamStr(I), '/PURGEDATA') = 0 then
      Result := True;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  { The data is the supporter's work: kept unless asked for, and the default answer is No. }
  if CurUninstallStep <> usPostUninstall then
    Exit;
  DataDir := ExpandConstant('{localappdata}\{#AppName}');
  if not DirExists(DataDir) then
    Exit;
  if PurgeRequested() or ((not UninstallSilent()) and
     (MsgBox(CustomMessage('PurgeData'), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES)) then
    DelTree(DataDir, True, True, True);
end;
