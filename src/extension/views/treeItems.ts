import * as vscode from 'vscode';
import type { NodeView } from '../treeNodes';

/** Trees redraw at most this often while a run streams events. */
export const TREE_REFRESH_MS = 200;

/** Turns a plain NodeView into the TreeItem VS Code draws. */
export function toTreeItem(node: NodeView): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, node.collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = node.description;
  item.tooltip = node.tooltip;
  item.iconPath = new vscode.ThemeIcon(node.icon, node.color ? new vscode.ThemeColor(node.color) : undefined);
  item.contextValue = node.contextValue;
  if (node.command) item.command = node.command;
  return item;
}
