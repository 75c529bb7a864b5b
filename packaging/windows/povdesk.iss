; Inno Setup script: the Windows installer of povdesk (精准扶贫驻村工作台).
; Packs the folder PyInstaller built from packaging/povdesk.spec (dist\povdesk\) into
; dist\povdesk-setup-VERSION.exe. Steps: packaging/windows/README.md.
; NOT RUN HERE: povdesk is built and tested on Linux; this script has not been compiled.
;
;   ISCC.exe /DAppVersion=0.1.0 packaging\windows\povdesk.iss

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6B0E7C1A-52F4-4B8E-9E51-0C5D1F2A7B31}
AppName=精准扶贫驻村工作台
AppVersion={#AppVersion}
AppVerName=精准扶贫驻村工作台 povdesk {#AppVersion}
AppPublisher=povdesk
DefaultDirName={autopf}\povdesk
DefaultGroupName=精准扶贫驻村工作台
DisableProgramGroupPage=yes
; A village laptop's cadre is often not an administrator: install for this user unless
; they choose all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=povdesk-setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\povdesk.ico
UninstallDisplayIcon={app}\povdesk-window.exe
UninstallDisplayName=精准扶贫驻村工作台 povdesk
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\..\dist\povdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\精准扶贫驻村工作台"; Filename: "{app}\povdesk-window.exe"
Name: "{autodesktop}\精准扶贫驻村工作台"; Filename: "{app}\povdesk-window.exe"; Tasks: desktopicon

[Registry]
; A double-clicked .pvb sync bundle opens the window with its import preview
; (`povdesk FILE.pvb`, as on Linux). The user's data (%LOCALAPPDATA%\povdesk) is never
; written by the installer, so uninstalling never removes it.
Root: HKA; Subkey: "Software\Classes\.pvb"; ValueType: string; ValueName: ""; ValueData: "povdesk.bundle"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\povdesk.bundle"; ValueType: string; ValueName: ""; ValueData: "povdesk 同步数据包"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\povdesk.bundle\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\povdesk-window.exe,0"
Root: HKA; Subkey: "Software\Classes\povdesk.bundle\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\povdesk-window.exe"" ""%1"""

[Run]
Filename: "{app}\povdesk-window.exe"; Description: "{cm:LaunchProgram,精准扶贫驻村工作台}"; Flags: nowait postinstall skipifsilent
